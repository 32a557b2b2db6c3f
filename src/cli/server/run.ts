// Long-running commands (serve, worker): run until SIGINT/SIGTERM, then close cleanly and exit 0.
export async function runUntilSignal(close: () => Promise<void>): Promise<never> {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise<never>(() => {});
}
