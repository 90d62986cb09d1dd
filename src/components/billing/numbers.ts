/** bigint columns can arrive as strings or bigints; counts shown in the UI are plain numbers. */
export const num = (value: number | string | bigint | null | undefined) => Number(value ?? 0);

const counts = new Intl.NumberFormat("en-GB");
export const formatNumber = (value: number | string | bigint | null | undefined) => counts.format(num(value));
