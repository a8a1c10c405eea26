import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console UI bundle: written to packages/console/dist/ui, which the console's API server
 * serves (src/server/ui). Everything is bundled: no CDN, no external fonts.
 * `npx vite --config ui/vite.config.ts` serves it for development, proxying /api to a console
 * on the default port.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1_000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:18888' } },
});
