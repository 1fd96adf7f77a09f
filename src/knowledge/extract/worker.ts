/**
 * The extraction worker (see extractor.ts): builds its context from the inputs it is started with, says
 * "ready", then answers each batch of articles with what extraction finds in them, in order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type ArticleJob, contextFrom, type ExtractionInputs, extractArticle } from "./extractor.js";

const port = parentPort;
if (port) {
  const ctx = contextFrom(workerData as ExtractionInputs);
  port.on("message", ({ id, jobs }: { id: number; jobs: ArticleJob[] }) => {
    try {
      port.postMessage({ id, results: jobs.map((j) => extractArticle(j, ctx)) });
    } catch (err) {
      port.postMessage({ id, error: (err as Error).message });
    }
  });
  port.postMessage("ready");
}
