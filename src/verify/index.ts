export { verifyAnswer, verifyFinal, type Verdict, type VerdictMethod, type VerifyOptions } from './verify-answer.js';
export { extractFinalAnswer, judgedAnswerText, type ExtractedAnswer, type ExtractionMethod } from './extract-answer.js';
export { goldAliases, isWordlessGold, type GoldAnswer } from './gold-answer.js';
