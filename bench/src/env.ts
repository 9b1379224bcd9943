/** The bench's only read of the environment: children inherit it (toolchain PATH, telemetry off). */
export const parentEnv: Readonly<Record<string, string | undefined>> = process.env
