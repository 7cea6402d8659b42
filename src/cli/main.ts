import { enableCompileCache } from 'node:module';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { commands, type Command } from './commands.ts';

// Node keeps the modules a command loads compiled (TypeScript stripped, bytecode) in a cache folder
// (NODE_COMPILE_CACHE, or one in the system's temporary folder): the next run starts without redoing it.
enableCompileCache();

/** The `keystone` command line: parses arguments and calls a capability. No logic lives here. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command: Command | undefined = commands[name];
  if (!command) {
    process.stderr.write(`keystone: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`keystone ${name}: ${(error as Error).message}\n\n${await commandUsage(name, command)}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(await commandUsage(name, command));
    return 0;
  }
  return command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals, loadConfig());
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'Usage: keystone <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "keystone <command> --help" for a command’s options.',
    'Environment: KEYSTONE_DATA_DIR (embedded database folder, default ./data), KEYSTONE_DATABASE_URL (use PostgreSQL),',
    '  PORT (default 3000), KEYSTONE_CASELOAD_THRESHOLD (default 20).',
    '',
  ].join('\n');
}

async function commandUsage(name: string, command: Command): Promise<string> {
  const args = typeof command.args === 'function' ? await command.args() : (command.args ?? '');
  const lines = Object.entries(command.options).map(([option, spec]) => {
    const flag = `--${option}${spec.type === 'string' ? ' <value>' : ''}`;
    return `  ${flag.padEnd(26)} ${spec.description}`;
  });
  return [`Usage: keystone ${name} ${args}`.trimEnd(), '', command.summary, '', 'Options:', ...lines, '  --help                     Show this help', ''].join(
    '\n',
  );
}

if (import.meta.main) {
  run(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`keystone: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
