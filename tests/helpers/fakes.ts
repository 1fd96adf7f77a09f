/**
 * Stand-ins for the features behind core's interfaces, for unit tests of the dispatcher and commands that
 * need none of them: every method fails loudly if a test reaches it, and admin refusals are recorded.
 */
import type { AdminActions } from "../../src/core/admin.js";
import type { QuestionAnswerer } from "../../src/core/answers.js";
import type { KnowledgeReader } from "../../src/core/knowledge.js";
import type { SubscriptionService } from "../../src/core/subscriptions.js";

function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === "then") return undefined; // not a promise
      throw new Error(`${name}.${String(property)} is not used by this test`);
    },
  });
}

export interface FakeFeatures {
  knowledge: KnowledgeReader;
  answers: QuestionAnswerer;
  subscriptions: SubscriptionService;
  admin: AdminActions & { refusals: { actor: string; action: string }[] };
}

export function unusedFeatures(): FakeFeatures {
  const refusals: { actor: string; action: string }[] = [];
  return {
    knowledge: unused<KnowledgeReader>("knowledge"),
    answers: unused<QuestionAnswerer>("answers"),
    subscriptions: unused<SubscriptionService>("subscriptions"),
    admin: {
      refusals,
      refused: (actor: string, action: string) => void refusals.push({ actor, action }),
      reload: () => Promise.reject(new Error("admin.reload is not used by this test")),
      status: () => {
        throw new Error("admin.status is not used by this test");
      },
    },
  };
}
