import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours for one output stream: on for a terminal, off for files and pipes; `NO_COLOR` turns them
 * off and `FORCE_COLOR` on (https://no-color.org). picocolors alone only looks at stdout.
 */
export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const enabled = forced || (env.NO_COLOR === undefined && stream.isTTY === true && env.TERM !== 'dumb');
  return pc.createColors(enabled);
}
