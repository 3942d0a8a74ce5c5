/** The support bundle (`wsgate doctor --report`): build once, render as Markdown or HTML. */
export { buildBundle, curlVerbose } from './build.js';
export { renderBundleMarkdown } from './markdown.js';
export { renderBundleHtml } from './html.js';
export type { Bundle, BundleMeta } from './model.js';
