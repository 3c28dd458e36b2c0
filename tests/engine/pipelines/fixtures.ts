/** The pipeline issue 19 gives as the example of Humanitec's format: approve, then promote. */
export const PROMOTE = `apiVersion: humanitec.io/v1beta1
kind: Pipeline
metadata:
  name: Promote with approval
on:
  pipeline_call: {}
jobs:
  approve:
    steps:
      - name: Approve promotion
        uses: actions/humanitec/approve@v1
        with: { message: "Promote development to production?", env_id: production }
  promote:
    needs: [approve]
    steps:
      - name: Promote
        uses: actions/humanitec/deploy@v1
        with: { env_id: production, from_env_id: development }
`;
