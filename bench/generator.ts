// B9: the generator's own wall time, `create-actionhero-ws DIR --defaults --skip-install`.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot, tempDir } from '../test/helpers/generator.js';
import { run } from '../test/helpers/process.js';
import { childrenCpuMs, type Runs } from './runners.js';

export async function runGenerator(reps: number): Promise<Runs> {
  const bin = join(repoRoot, 'dist/bin/create-actionhero-ws.js');
  const runs: Runs = { generated: [], bare: [] };
  for (let rep = 0; rep < reps; rep++) {
    const root = tempDir('ahws-bench-gen-');
    try {
      const cpu = childrenCpuMs();
      const started = performance.now();
      const out = await run(process.execPath, [bin, 'app', '--defaults', '--skip-install'], {
        cwd: root,
        timeoutMs: 120_000,
      });
      const wall = performance.now() - started;
      if (out.code !== 0) throw new Error(`the generator failed:\n${out.stdout}${out.stderr}`);
      runs.generated.push({ wall, serverCpu: ((childrenCpuMs() - cpu) / wall) * 100 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return runs;
}
