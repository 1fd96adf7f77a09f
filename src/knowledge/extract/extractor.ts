/**
 * Runs extraction for an index build: in a worker thread when one starts, so the main thread goes on
 * reading, indexing and answering commands while the other core extracts; in this thread otherwise (the
 * same functions, the same results). Extraction is pure and needs only what `ExtractionInputs` carries, so
 * the worker rebuilds its context from plain data.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Catalogue } from "../catalogue.js";
import type { DayInterval } from "./calendar.js";
import { type CuratedSide, curatedSide } from "./context.js";
import { MentionFinder } from "./mentions.js";
import { type ArticleForExtraction, type CuratedFigureQuote, type ExtractionContext, extractPassage, type PassageExtract } from "./passage.js";
import { EventIndex, eventForMatching } from "./same-event.js";
import { TopicMatcher } from "./topics.js";

/** Everything extraction needs to know of the curated records, as plain data a worker can be sent. */
export interface ExtractionInputs {
  entities: { id: string; name: string; aliases: string[]; type: string }[];
  topics: { id: string; name: string; keywords: string[] }[];
  events: { id: string; title: string; topics: string[]; citations: { source: string; quote: string }[]; days: DayInterval }[];
  figureQuotes: [string, CuratedFigureQuote[]][];
}

export interface ArticleJob extends ArticleForExtraction {
  passages: string[];
}

/** The curated side of extraction (context.ts) and the plain inputs a worker needs. */
export function prepareExtraction(c: Catalogue): CuratedSide & { inputs: ExtractionInputs } {
  const ctx = curatedSide(c);
  const inputs: ExtractionInputs = {
    entities: [...c.entities.values()].map(({ record: e }) => ({ id: e.id, name: e.name, aliases: e.aliases, type: e.type })),
    topics: [...c.topics.values()].map(({ record: t }) => ({ id: t.id, name: t.name, keywords: t.keywords })),
    events: [...c.events.values()]
      .filter(({ record: e }) => ctx.eventDays.has(e.id))
      .map(({ record: e }) => ({ id: e.id, title: e.title, topics: e.topics, citations: e.citations, days: ctx.eventDays.get(e.id)! })),
    figureQuotes: [...ctx.figureQuotes].map(([source, quotes]) => [source, [...quotes]]),
  };
  return { ...ctx, inputs };
}

/** The extraction context rebuilt from plain inputs (in a worker, or here). */
export function contextFrom(inputs: ExtractionInputs): ExtractionContext {
  const mentions = new MentionFinder(inputs.entities);
  const known = new Map<string, boolean>();
  return {
    mentions,
    topics: new TopicMatcher(inputs.topics),
    events: new EventIndex(inputs.events.map((e) => eventForMatching(e, e.days))),
    figureQuotes: new Map(inputs.figureQuotes),
    knownName(name) {
      let v = known.get(name);
      if (v === undefined) {
        v = mentions.find(name).length > 0;
        // Names repeat across a corpus; memory should not grow with it.
        if (known.size < 100_000) known.set(name, v);
      }
      return v;
    },
  };
}

export function extractArticle(job: ArticleJob, ctx: ExtractionContext): PassageExtract[] {
  return job.passages.map((text) => extractPassage(text, job, ctx));
}

export interface Extractor {
  /** Extracts a batch of articles; results come back in the order asked. */
  extract(jobs: ArticleJob[]): Promise<PassageExtract[][]>;
  close(): Promise<void>;
}

class InThread implements Extractor {
  private readonly ctx: ExtractionContext;
  constructor(inputs: ExtractionInputs) {
    this.ctx = contextFrom(inputs);
  }
  async extract(jobs: ArticleJob[]): Promise<PassageExtract[][]> {
    return jobs.map((j) => extractArticle(j, this.ctx));
  }
  async close(): Promise<void> {}
}

type Reply = { id: number; results: PassageExtract[][] } | { id: number; error: string };

class InWorker implements Extractor {
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: PassageExtract[][]): void; reject(e: Error): void }>();
  private failed: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on("message", (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ("error" in reply) w?.reject(new Error(`extraction failed: ${reply.error}`));
      else w?.resolve(reply.results);
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the extraction worker stopped (exit ${code})`)));
  }

  extract(jobs: ArticleJob[]): Promise<PassageExtract[][]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, jobs });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

/** How long a worker may take to start and say it is ready before extraction runs in this thread instead. */
const WORKER_START_MS = 10_000;
/**
 * Below this many articles extraction runs in this thread: starting a worker (and tsx's loader in it) takes
 * about half a second, longer than extracting a few hundred articles.
 */
export const WORKER_MIN_ARTICLES = 300;

/** tsx's module API (its ESM build), which the worker registers before importing TypeScript, as bin/brief.js does. */
function tsxApi(): string {
  try {
    return import.meta.resolve("tsx/esm/api");
  } catch {
    return pathToFileURL(
      createRequire(import.meta.url)
        .resolve("tsx/esm/api")
        .replace(/\.cjs$/, ".mjs"),
    ).href;
  }
}

/**
 * A worker thread for a large corpus when one starts (TypeScript runs in it through tsx's loader, as in the
 * main thread), else this thread. `BRIEF_EXTRACT_IN_THREAD=1` asks for this thread.
 */
export async function startExtractor(inputs: ExtractionInputs, articles: number): Promise<Extractor> {
  if (process.env.BRIEF_EXTRACT_IN_THREAD === "1" || articles < WORKER_MIN_ARTICLES) return new InThread(inputs);
  let worker: Worker | undefined;
  try {
    // Node 20 does not apply an --import loader to a worker's own entry: the entry registers tsx, then imports.
    const boot = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}); })`;
    worker = new Worker(boot, { eval: true, workerData: inputs, stdout: false, stderr: false });
    const started = worker;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the extraction worker did not start")), WORKER_START_MS);
      started.once("message", (m: unknown) => {
        clearTimeout(timer);
        if (m === "ready") resolve();
        else reject(new Error(String(m)));
      });
      started.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return new InWorker(started);
  } catch {
    await worker?.terminate();
    return new InThread(inputs);
  }
}
