import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  build: { target: 'es2022', sourcemap: false },
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
