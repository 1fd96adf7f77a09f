#!/usr/bin/env node
// The `brief` command line. TypeScript runs through tsx's loader, so a fresh clone needs no build step.
import { register } from "tsx/esm/api";

// `brief … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import("../src/cli/brief.ts");
process.exitCode = await main(process.argv.slice(2));
