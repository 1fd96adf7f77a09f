/**
 * What commands may use, handed to them by the dispatcher. Platform-neutral by construction:
 * adapters are not reachable from here, only the capabilities the core offers.
 */
import type { Logger } from "../log.js";
import type { CommandDef } from "./command.js";
import type { KnowledgeBase } from "../knowledge/base.js";
import type { AdminService } from "../admin/service.js";
import type { DigestService } from "../digest/service.js";

export interface Services {
  log: Logger;
  knowledge: KnowledgeBase;
  /** The command list, for /help and suggestions. */
  commands: readonly CommandDef[];
  startedAt: Date;
  /** Reload, status and audit; present whenever the core runs with a database. */
  admin?: AdminService;
  /** Subscriptions and previews; present whenever the core runs with a database. */
  digests?: DigestService;
}
