/** Saves `text` as a file named `name` through the browser's download. */
export function downloadText(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  // The click starts the download asynchronously: the URL must outlive it a moment.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
