import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import path from 'node:path';
import { VitePWA } from 'vite-plugin-pwa';

// Where the build goes: dist, or elsewhere for a test that builds a second version side by side.
const outDir = path.resolve(import.meta.dirname, process.env.PWA_OUT_DIR ?? 'dist');

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      // injectManifest, not generateSW: the worker must route only the app's own navigations and
      // leave /auth, /admin, opencode's API and event streams strictly to the network, which is
      // clearer as twenty lines of our own (src/sw/sw.ts) than as generateSW options.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      pwaAssets: {
        config: true,
        overrideManifestIcons: true,
        // The source lives in icons/ at the repo root (vite's publicDir, so it ships too);
        // the generated files go to dist's root.
        integration: { outDir },
      },
      manifest: {
        id: '/',
        name: 'dancodes',
        short_name: 'dancodes',
        description: 'Drive coding agents from your phone',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#000000',
        background_color: '#000000',
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,ico}'],
      },
    }),
  ],
  publicDir: '../icons',
  build: { target: 'es2022', sourcemap: false, outDir, emptyOutDir: true },
  // During `vite dev`, the API and admin calls go to a running stack (npm start) on :8080.
  server: {
    proxy: {
      '^/(api|admin|auth|global|session|event|permission|question|config|provider|agent|vcs)': {
        target: 'http://127.0.0.1:8080',
        changeOrigin: false,
        ws: false,
      },
    },
  },
});
