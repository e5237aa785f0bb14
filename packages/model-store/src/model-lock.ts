// Module-level, so every store opened on the same directory in this thread shares the queue.
const queues = new Map<string, Promise<void>>();

/**
 * Runs registry changes of one model one after another (read aliases → decide → write), so that
 * two requests cannot both read the old aliases and lose one's write, and a version cannot be
 * deleted between another request's "is it aliased?" and its alias write. In-process only: one
 * service (the trainer) makes registry changes; readers need no lock, as every write is a rename.
 */
export async function withModelLock<T>(modelDir: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(modelDir) ?? Promise.resolve();
  const result = previous.then(task);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(modelDir, settled);
  void settled.then(() => {
    if (queues.get(modelDir) === settled) queues.delete(modelDir);
  });
  return result;
}
