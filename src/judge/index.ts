export {
  createJudge, JUDGE_LATENCY_BUCKETS_MS,
  type Judge, type JudgeOptions, type JudgeRequest, type JudgeResult, type JudgeStats, type LatencyHistogram,
} from './create-judge.js';
export { JudgeError, type JudgeErrorCode } from './judge-error.js';
export { parseJudgeReply, type JudgeReply } from './parse-reply.js';
export { buildJudgeMessages, JUDGE_SYSTEM_PROMPT, JUDGE_USER_TEMPLATE, type JudgeMessage, type JudgePromptInput } from './prompt.js';
export {
  verifyAnswerAsync, JUDGE_MODES, ON_JUDGE_ERROR,
  type AsyncVerdict, type AsyncVerifyOptions, type JudgeCallOptions, type JudgeMode, type OnJudgeError,
} from './cascade/verify-async.js';
export { rubricRewardAsync, settleReward, type AsyncRewardOptions, type AsyncRewardResult } from './cascade/rubric-reward-async.js';
