import cliProgress from 'cli-progress';

/**
 * One progress bar for every long CLI job (imports, backups, demo load). It draws on stderr
 * only when stderr is a terminal and `--json` is off, so scripts parsing stdout never see it.
 */
export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function createProgressBar(title: string, enabled: boolean): ProgressBar {
  if (!enabled || !process.stderr.isTTY) {
    return { update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% | {value}/{total} {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
