import { describe, expect, it } from 'vitest';
import { invokedCommand, topLevelCommands } from '../../src/cli/groups';
import { buildProgram } from '../../src/cli/program';

/**
 * The CLI loads only the command group it runs and shows the others from the table in
 * src/cli/groups.ts: the table must say what the real commands say.
 */
describe('lazily loaded command groups', () => {
  it('the overview from the table is the overview of the full program, whichever group is loaded', async () => {
    const full = (await buildProgram()).helpInformation();
    expect((await buildProgram([])).helpInformation()).toBe(full);
    for (const command of topLevelCommands) expect((await buildProgram([command])).helpInformation(), command.name).toBe(full);
  });

  it('finds the group of `herbloop <group> …` and `herbloop help <group>`', () => {
    expect(invokedCommand(['org', 'list', '--json'])?.name).toBe('org');
    expect(invokedCommand(['help', 'figures'])?.name).toBe('figures');
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['nosuch'])).toBeUndefined();
  });
});
