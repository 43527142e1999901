#!/usr/bin/env node
// Builds the web application unless its build output is newer than every source file, so that
// `npm run demo` and `npm test` work from a clean clone and stay quick once it is built.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const web = __dirname;
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.mts'), join(web, '..', '..', 'package-lock.json')];
const stale = !existsSync(built) || Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write('Building the web application (apps/web → apps/web/dist)…\n');
  import('vite')
    .then((vite) => vite.build({ configFile: join(web, 'vite.config.mts'), logLevel: 'warn' }))
    .catch((e) => {
      process.stderr.write(`the web application did not build: ${e.message}\n`);
      process.exit(1);
    });
}
