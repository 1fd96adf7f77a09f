/** Every chat command, listed explicitly: the order here is the order of /help and the menus. */
import type { CommandDef } from "../src/core/command.js";
import add from "./add.js";
import ask from "./ask.js";
import brief from "./brief.js";
import digest from "./digest.js";
import event from "./event.js";
import feed from "./feed.js";
import feeds from "./feeds.js";
import figures from "./figures.js";
import help from "./help.js";
import reload from "./reload.js";
import resume from "./resume.js";
import search from "./search.js";
import sources from "./sources.js";
import start from "./start.js";
import status from "./status.js";
import subscribe from "./subscribe.js";
import subscriptions from "./subscriptions.js";
import timeline from "./timeline.js";
import unsubscribe from "./unsubscribe.js";
import who from "./who.js";

export const commands: readonly CommandDef[] = [
  start,
  help,
  brief,
  timeline,
  event,
  who,
  figures,
  search,
  ask,
  sources,
  subscribe,
  subscriptions,
  unsubscribe,
  resume,
  digest,
  reload,
  status,
  feeds,
  feed,
  add,
];
