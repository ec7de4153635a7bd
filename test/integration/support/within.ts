/** Waits for `promise`, failing after `milliseconds` with what was awaited, so a stuck step names itself. */
export async function within<T>(promise: Promise<T>, milliseconds: number, description: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${milliseconds} ms waiting for ${description}`)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
