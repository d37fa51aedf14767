/** Photos are downscaled on the phone: a 12 MP camera JPEG would be slow to queue and send. */
const MAX_SIDE = 1600;

export async function downscale(
  file: File,
): Promise<{ mime: string; filename: string; url: string }> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const url = canvas.toDataURL('image/jpeg', 0.85);
  return { mime: 'image/jpeg', filename: file.name.replace(/\.[^.]+$/, '') + '.jpg', url };
}
