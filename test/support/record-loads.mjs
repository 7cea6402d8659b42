// Loaded with `node --import` by tests: on exit, writes every module the process loaded to stderr
// as one line "KEYSTONE_LOADED <json array of URLs>", so a test can check what a command pulled in.
import { registerHooks } from 'node:module';

const loaded = [];
registerHooks({
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});
process.on('exit', () => process.stderr.write(`\nKEYSTONE_LOADED ${JSON.stringify(loaded)}\n`));
