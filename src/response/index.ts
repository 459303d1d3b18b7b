// The response layer: where reasoning, visible content and the final answer sit in a raw response
// or a chat, as spans of the caller's string. Kept private: the scanner (`scanRange`), the marker
// table and the whitespace helpers, which other layers reach through these functions.
export { splitResponse } from './split-response.js';
export type { SplitOptions, SplitResponse } from './split-response.js';
export { splitMessages } from './split-messages.js';
export type { ChatMessage, SplitMessages } from './split-messages.js';
export { spanText } from './span.js';
export type { Span } from './span.js';
export {
  CHAT_END_TOKENS,
  DEFAULT_EXCLUDED_BLOCKS,
  DEFAULT_TOOL_CALL_BLOCKS,
  THINK_CLOSE,
  THINK_OPEN,
} from './markers.js';
export type { ExcludedBlock, ToolCallBlock } from './markers.js';
