// A chat-completions server on loopback (port 0) for the judge tests: each request gets the action
// the test's `respond` picks (a reply, a status, garbage, a late answer, a dropped connection),
// and the server records what it received and how many requests it held open at once.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type Action =
  /** 200 with `content` as `choices[0].message.content`. */
  | { reply: string; delayMs?: number }
  /** Any status, with a body and headers. */
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** 200 with this body as is (not a chat completion). */
  | { raw: string; delayMs?: number }
  /** Destroys the socket without answering. */
  | { drop: true; delayMs?: number };

export interface Received {
  index: number;
  url: string;
  headers: IncomingHttpHeaders;
  body: { model: string; messages: { role: string; content: string }[]; [key: string]: unknown };
  /** The answer between the prompt's markers. */
  answer: string;
  /** The prompt's question line. */
  question: string;
  /** The prompt's reference line. */
  reference: string;
}

export interface FakeChatServer {
  /** Base URL to give `createJudge` (`http://127.0.0.1:PORT/v1`). */
  baseURL: string;
  received: Received[];
  /** Most requests open at the same time so far. */
  maxConcurrent: number;
  /** Requests open now. */
  open: number;
  close(): Promise<void>;
}

export type Respond = (request: Received) => Action | Promise<Action>;

/** A reply in the format the judge asks for. */
export function verdictReply(correct: boolean, extracted = 'x'): string {
  return `Extracted answer: ${extracted}\nJustification: ${correct ? 'It names the same thing.' : 'It names something else.'}\nCorrect: ${correct ? 'yes' : 'no'}`;
}

/** Answers yes when `isCorrect(answer, reference)` holds. */
export function judgeBy(isCorrect: (answer: string, reference: string) => boolean, delayMs = 0): Respond {
  return (r) => ({ reply: verdictReply(isCorrect(r.answer, r.reference), r.answer), delayMs });
}

export async function startFakeChatServer(respond: Respond): Promise<FakeChatServer> {
  const state: FakeChatServer = { baseURL: '', received: [], maxConcurrent: 0, open: 0, close: async () => {} };
  const server = createServer((req, res) => {
    state.open++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.open);
    res.on('close', () => state.open--);
    // Only chat completions are faked; anything else (the CLI's start-up GET /models) is a 404.
    if (req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
      // A /completions request has a prompt and no messages.
      const user = (body.messages ?? []).find((m) => m.role === 'user')?.content ?? '';
      const received: Received = {
        index: state.received.length,
        url: req.url ?? '',
        headers: req.headers,
        body,
        answer: /<<<ANSWER\n([\s\S]*?)\nANSWER>>>/.exec(user)?.[1] ?? '',
        question: /^Question: (.*)$/m.exec(user)?.[1] ?? '',
        reference: /^Reference answer: (.*)$/m.exec(user)?.[1] ?? '',
      };
      state.received.push(received);
      void Promise.resolve(respond(received)).then((action) => {
        const act = (): void => perform(res, action);
        if (action.delayMs === undefined || action.delayMs <= 0) act();
        else setTimeout(act, action.delayMs);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function perform(res: ServerResponse, action: Action): void {
  // The client may have given up (timeout): nothing to answer.
  if (res.destroyed || res.socket === null || res.socket.destroyed) return;
  if ('drop' in action) {
    res.socket.destroy();
    return;
  }
  if ('reply' in action) {
    const completion = {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      model: 'fake',
      choices: [{ index: 0, message: { role: 'assistant', content: action.reply }, finish_reason: 'stop' }],
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
    return;
  }
  if ('raw' in action) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(action.raw);
    return;
  }
  res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers }).end(action.body ?? '');
}

/**
 * `serve(respond)` for a test file or a describe block: starts a fake chat server and closes every
 * server it started after each test.
 */
export function fakeChatServers(): (respond: Respond) => Promise<FakeChatServer> {
  const servers: FakeChatServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (respond) => {
    const server = await startFakeChatServer(respond);
    servers.push(server);
    return server;
  };
}
