/** The starting point offered for a new workload: valid Score with a container, a port and a Postgres database. */
export function newWorkloadTemplate(name = "my-workload"): string {
  return `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: .
    variables:
      PORT: "8080"
      DATABASE_URL: postgres://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/\${resources.db.database}
service:
  ports:
    www:
      port: 80
      targetPort: 8080
resources:
  db:
    type: postgres
`;
}
