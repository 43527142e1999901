import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web application's build: `apps/web/dist`, served by the API at `/` (its fingerprinted files
 * under `/assets/`). JSX is compiled by Vite's own transformer; no Babel.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // GOV.UK Frontend keeps an old-browser media hack (`min-width: 0\0`) that Lightning CSS cannot
    // parse: Sass writes the stylesheet compressed instead.
    cssMinify: false,
  },
  css: { preprocessorOptions: { scss: { style: 'compressed', quietDeps: true, silenceDeprecations: ['import', 'global-builtin'] } } },
  oxc: { jsx: { runtime: 'automatic' } },
});
