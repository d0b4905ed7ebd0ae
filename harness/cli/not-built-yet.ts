import { Command } from 'commander';
import { UserError } from '../errors.ts';

/**
 * Commands whose npm scripts exist from the start but whose work lands with a later issue.
 * They say so plainly and exit non-zero, rather than pretend to have done something.
 */
export function notBuiltYetCommand(name: string, description: string, arrivesWith: string): Command {
  return new Command(name)
    .description(`${description} (not built yet: ${arrivesWith})`)
    .argument('[args...]')
    .allowUnknownOption()
    .action(() => {
      throw new UserError(`\`kafka-lab ${name}\` is not built yet`, `it arrives with ${arrivesWith}; \`npm run cluster\` works today`);
    });
}
