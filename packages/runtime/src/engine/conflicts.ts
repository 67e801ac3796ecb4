import { isStoreConflict } from "@switchyard/store";

/**
 * Runs `attempt` again when another worker moved a run it commits (`StoreConflict`). The attempt
 * must read what it changes afresh each time; after `tries` conflicts in a row the error stands.
 */
export async function onFreshState<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isStoreConflict(error) || i >= tries) throw error;
    }
  }
}
