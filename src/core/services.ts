/**
 * What commands may use, handed to them by the dispatcher. Every member is an interface declared in core
 * and implemented by a feature; the composition root (src/root.ts) wires them. Platform-neutral by
 * construction: adapters are not reachable from here.
 */
import type { AdminActions } from "./admin.js";
import type { QuestionAnswerer } from "./answers.js";
import type { CommandDef } from "./command.js";
import type { KnowledgeReader } from "./knowledge.js";
import type { Logger } from "./log.js";
import type { SubscriptionService } from "./subscriptions.js";

export interface Services {
  log: Logger;
  knowledge: KnowledgeReader;
  answers: QuestionAnswerer;
  subscriptions: SubscriptionService;
  admin: AdminActions;
  /** The command list, for /help and suggestions. */
  commands: readonly CommandDef[];
}
