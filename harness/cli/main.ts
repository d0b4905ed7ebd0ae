import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.ts';
import { benchCommand } from './bench-command.ts';
import { clusterCommand } from './cluster-command.ts';
import { experimentCommand } from './experiment-command.ts';
import { compareCommand } from './compare-command.ts';
import { historyCommand } from './history-command.ts';
import { reportCommand } from './report-command.ts';
import { reportError } from './output.ts';
import { installInterrupts } from './interrupts.ts';

// Before anything starts: no signal may find the process without its handler.
installInterrupts();

const program = new Command('kafka-lab')
  .description('Benchmark and profiling harness for Kafka pipelines on real clusters')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program.addCommand(clusterCommand());
program.addCommand(benchCommand());
program.addCommand(experimentCommand());
program.addCommand(reportCommand());
program.addCommand(compareCommand());
program.addCommand(historyCommand());
for (const command of program.commands) {
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
}

try {
  await program.parseAsync(process.argv);
  process.exitCode = ExitCode.ok;
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed help or the usage error already.
    process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  } else {
    process.exitCode = reportError(error);
  }
}
