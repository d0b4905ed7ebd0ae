/** Text made safe as part of a file or folder name: anything but letters, digits and `._=-` becomes `_`, cut to `length`. */
export function fileSlug(text: string, length = 80): string {
  return text.replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, length);
}
