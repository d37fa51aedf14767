import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config';

// Every icon (favicon, 192/512, maskable, 180px apple-touch-icon) is generated at build time from
// the one source in icons/, on black so iOS never shows a white frame.
export default defineConfig({
  headLinkOptions: { preset: '2023' },
  preset: {
    ...minimal2023Preset,
    maskable: { ...minimal2023Preset.maskable, resizeOptions: { background: '#000000' } },
    apple: { ...minimal2023Preset.apple, resizeOptions: { background: '#000000' } },
  },
  images: ['../icons/icon.svg'],
});
