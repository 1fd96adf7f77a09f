// The layer rules of docs/adr/0001-layers.md, checked by `npm run check:imports`.
// Each rule's name says what it keeps; its comment says where the rule is written and what to do instead.
// tests/ and bench/ may import anything: only no-circular and not-to-unresolvable look at them.

const ADR = "docs/adr/0001-layers.md";

/** Anything of Brief's (a file in this repository), other than the paths listed: npm packages and node: built-ins are always allowed. */
function briefOutside(...allowed) {
  return { pathNot: ["(^|/)node_modules/", ...allowed], dependencyTypesNot: ["core"], couldNotResolve: false };
}

const FEATURES = "(knowledge|answer|digest|admin|feeds|ops)";
/** The places a file of src/ may live in: a layer folder or one of the entry files. */
const LAYERED = ["^src/(core|store|render|present)/", `^src/${FEATURES}/`, "^src/adapters/[^/]+/", "^src/cli/", "^src/(root|serve|config)\\.ts$"];
/** Where tests and benchmarks live: they may import anything. */
const FREE = "^(tests|bench)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-nothing-of-briefs",
      severity: "error",
      comment: `${ADR}: src/core imports nothing of Brief's outside src/core. Declare the narrow interface in core and let the feature implement it; src/root.ts hands it in.`,
      from: { path: "^src/core/" },
      to: briefOutside("^src/core/"),
    },
    {
      name: "store-imports-only-core",
      severity: "error",
      comment: `${ADR}: src/store imports only src/core. Move what the store needs down into core, or do the work in the feature that calls the store.`,
      from: { path: "^src/store/" },
      to: briefOutside("^src/(core|store)/"),
    },
    {
      name: "renderers-import-only-core",
      severity: "error",
      comment: `${ADR}: src/render imports only src/core. A renderer turns a core MessageDoc into platform text; what it needs of the platform is a named constant beside it.`,
      from: { path: "^src/render/" },
      to: briefOutside("^src/(core|render)/"),
    },
    {
      name: "present-imports-only-core",
      severity: "error",
      comment: `${ADR}: src/present imports only src/core. It turns what core's interfaces return into replies; reach features through src/core/services.ts or src/core/knowledge.ts.`,
      from: { path: "^src/present/" },
      to: briefOutside("^src/(core|present)/"),
    },
    {
      name: "features-import-core-and-store",
      severity: "error",
      comment: `${ADR}: a feature (knowledge, digest, admin, feeds, ops) imports src/core, src/store and its own folder. For another feature's work, declare an interface in src/core and wire it in src/root.ts.`,
      from: { path: "^src/(knowledge|digest|admin|feeds|ops)/" },
      to: briefOutside("^src/(core|store)/", "^src/$1/"),
    },
    {
      name: "answer-imports-core-store-and-knowledge",
      severity: "error",
      comment: `${ADR}: src/answer imports src/core, src/store, src/knowledge (the index it reads) and its own folder. Anything else goes through an interface in src/core.`,
      from: { path: "^src/answer/" },
      to: briefOutside("^src/(core|store|knowledge|answer)/"),
    },
    {
      name: "commands-import-core-and-present",
      severity: "error",
      comment: `${ADR}: commands/ imports src/core, src/present and commands/. A command reads ctx.services only; a new capability is an interface in src/core, implemented by a feature and wired in src/root.ts.`,
      from: { path: "^commands/" },
      to: briefOutside("^src/(core|present)/", "^commands/"),
    },
    {
      name: "adapters-import-core-and-render",
      severity: "error",
      comment: `${ADR}: an adapter imports src/core, src/render and its own folder. What it needs of a feature comes in through core's interfaces, handed in by src/root.ts.`,
      from: { path: "^src/adapters/[^/]+/" },
      to: briefOutside("^src/(core|render|adapters)/"),
    },
    {
      name: "adapters-do-not-import-each-other",
      severity: "error",
      comment: `${ADR}: src/adapters/<platform> imports its own folder, never another platform's. Share through src/core or src/render.`,
      from: { path: "^src/adapters/([^/]+)/" },
      to: { path: "^src/adapters/", pathNot: "^src/adapters/$1/" },
    },
    {
      name: "only-telegram-adapter-imports-grammy",
      severity: "error",
      comment: `${ADR}: only src/adapters/telegram imports grammy and @grammyjs/*. Put the Telegram-specific code (ids, limits, pacing) beside the adapter and give the rest a core type.`,
      from: { pathNot: ["^src/adapters/telegram/", FREE] },
      to: { path: "(^|/)node_modules/(grammy|@grammyjs)/" },
    },
    {
      name: "only-discord-adapter-imports-discordjs",
      severity: "error",
      comment: `${ADR}: only src/adapters/discord imports discord.js and @discordjs/*. Put the Discord-specific code (ids, limits, pacing) beside the adapter and give the rest a core type.`,
      from: { pathNot: ["^src/adapters/discord/", FREE] },
      to: { path: "(^|/)node_modules/(discord\\.js|@discordjs)/" },
    },
    {
      name: "feed-libraries-only-in-their-readers",
      severity: "error",
      comment:
        "src/feeds/lazy.ts: only src/feeds/feed-parse.ts imports the feed parser (feedsmith, fast-xml-parser) and only src/feeds/extract.ts the page reader (linkedom, Readability), so that loading them on first use keeps them out of every other process. Call those two files instead.",
      from: { path: "^src/", pathNot: "^src/feeds/(feed-parse|extract)\\.ts$" },
      to: { path: "(^|/)node_modules/(feedsmith|fast-xml-parser|linkedom|@mozilla/readability)/" },
    },
    {
      name: "feed-readers-load-on-first-use",
      severity: "error",
      comment:
        "src/feeds/lazy.ts: the feed parser and the page reader cost a second and tens of MB to load, which a bot without feeds should not pay. Reach them through feedParser() and pageReader() in src/feeds/lazy.ts; a type import is fine (it is erased).",
      from: { path: "^src/" },
      to: { path: "^src/feeds/(feed-parse|extract)\\.ts$", dependencyTypesNot: ["type-only", "dynamic-import"] },
    },
    {
      name: "every-src-file-is-in-a-layer",
      severity: "error",
      comment: `${ADR}: every file of src/ lives in a layer folder or is an entry file (src/cli/, src/root.ts, src/serve.ts, src/config.ts). Move it to the lowest layer whose imports it needs.`,
      from: { path: "^src/", pathNot: LAYERED },
      to: {},
    },
    {
      name: "no-circular",
      severity: "error",
      comment: `${ADR}: imports point down, so no import leads back to where it started. Move what both sides need into the lower one, or into src/core.`,
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: `${ADR}: an import the checker cannot resolve is one it cannot check. Fix the path (a .ts file is imported as "./x.js") or add the package to package.json.`,
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    // Not `exclude` node_modules: that would drop the imports of npm packages and blind the grammy/discord.js rules.
    exclude: { path: "^(data|var|coverage|dist)/" },
    // A type import is an import (ADR): keep the imports TypeScript erases.
    tsPreCompilationDeps: true,
    // Resolve as tsc does: NodeNext, "./x.js" finding ./x.ts, and any paths tsconfig.json declares.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "types", "default"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
