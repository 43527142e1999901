/** The part of jStat (npm `jstat`, which ships no types) that the interrupted time series uses. */
declare module 'jstat' {
  export const jStat: {
    readonly studentt: {
      /** The quantile of Student's t with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
      /** The cumulative distribution of Student's t with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
  };
}
