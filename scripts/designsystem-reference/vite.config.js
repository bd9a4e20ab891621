import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A static build (dist/) that screenshots.py serves and photographs.
export default defineConfig({
  plugins: [react()],
  base: './',
  logLevel: 'warn',
  css: { preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ['import', 'global-builtin', 'if-function'] } } },
});
