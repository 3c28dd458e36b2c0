"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, TextInput } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { createUserAction, deleteUserAction, updateUserRolesAction } from "../../actions";

const ORG_ROLES = ["administrator", "manager", "member", "viewer"];
const APP_ROLES = ["viewer", "developer", "owner"];

function roleOptions(allowAdmin: boolean) {
  return ORG_ROLES.filter((r) => allowAdmin || r !== "administrator").map((r) => <option key={r}>{r}</option>);
}

export function CreateUserForm({ allowAdmin }: { allowAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, fieldError } = useAction(createUserAction);
  if (!open) return <Button onClick={() => setOpen(true)}>Add user</Button>;
  return (
    <form
      aria-label="Add user"
      className="w-full max-w-md space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const type = String(f.get("type"));
        run(
          {
            email: String(f.get("email") ?? ""),
            name: String(f.get("name") ?? ""),
            type,
            password: type === "user" ? String(f.get("password") ?? "") : undefined,
            orgRole: String(f.get("orgRole")),
          },
          () => setOpen(false),
        );
      }}
    >
      <Field label="Email" error={fieldError("email")}>
        <TextInput name="email" type="email" required />
      </Field>
      <Field label="Name" error={fieldError("name")}>
        <TextInput name="name" required />
      </Field>
      <Field label="Kind">
        <Select name="type" defaultValue="user">
          <option value="user">Person (signs in)</option>
          <option value="service">Service user (API tokens only)</option>
        </Select>
      </Field>
      <Field label="Initial password" error={fieldError("password")} hint="At least 8 characters; not needed for service users">
        <TextInput name="password" type="password" autoComplete="new-password" />
      </Field>
      <Field label="Organisation role" error={fieldError("orgRole")}>
        <Select name="orgRole" defaultValue="member">
          {roleOptions(allowAdmin)}
        </Select>
      </Field>
      {error && !fieldError("email") && !fieldError("password") ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Add
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

interface UserView {
  id: string;
  email: string;
  name: string;
  orgRole: string | null;
  apps: { appId: string; role: string }[];
  deployerEnvTypes: string[];
}

export function UserRow(props: {
  user: UserView;
  apps: string[];
  envTypes: string[];
  editable: boolean;
  allowAdmin: boolean;
  isSelf: boolean;
  typeBadge: ReactNode;
  /** Administrators, on a service user: where its API tokens are managed. */
  tokensHref?: string;
}) {
  const { user } = props;
  const [editing, setEditing] = useState(false);
  const update = useAction(updateUserRolesAction);
  const remove = useAction(deleteUserAction);
  const [appRoles, setAppRoles] = useState<Record<string, string>>(Object.fromEntries(user.apps.map((a) => [a.appId, a.role])));
  return (
    <>
      <tr data-testid={`user-${user.email}`}>
        <td className="py-2">
          <div className="font-medium">
            {user.name} {props.typeBadge}
          </div>
          <div className="text-xs text-zinc-500">{user.email}</div>
        </td>
        <td className="py-2">{user.orgRole}</td>
        <td className="py-2 text-xs">{user.apps.map((a) => `${a.appId}: ${a.role}`).join(", ") || "—"}</td>
        <td className="py-2 text-xs">{user.deployerEnvTypes.join(", ") || "—"}</td>
        <td className="py-2 text-right">
          {props.tokensHref ? (
            <Link href={props.tokensHref} className="mr-2 text-sm text-brand-600 hover:underline">
              API tokens
            </Link>
          ) : null}
          {props.editable ? (
            <Button variant="ghost" onClick={() => setEditing(!editing)}>
              {editing ? "Close" : "Edit roles"}
            </Button>
          ) : null}
        </td>
      </tr>
      {editing ? (
        <tr>
          <td colSpan={5} className="bg-zinc-50 p-4 dark:bg-zinc-800/40">
            <form
              aria-label={`Roles of ${user.email}`}
              className="grid gap-4 md:grid-cols-3"
              onSubmit={(e) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget);
                update.run(
                  {
                    userId: user.id,
                    orgRole: String(f.get("orgRole")),
                    appRoles: Object.entries(appRoles)
                      .filter(([, role]) => role)
                      .map(([appId, role]) => ({ appId, role })),
                    deployerEnvTypes: f.getAll("deployer").map(String),
                  },
                  () => setEditing(false),
                );
              }}
            >
              <Field label="Organisation role">
                <Select name="orgRole" defaultValue={user.orgRole ?? "member"}>
                  {roleOptions(props.allowAdmin)}
                </Select>
              </Field>
              <fieldset className="space-y-1 text-sm">
                <legend className="font-medium">Application roles</legend>
                {props.apps.length === 0 ? <p className="text-xs text-zinc-500">No applications yet.</p> : null}
                {props.apps.map((appId) => (
                  <label key={appId} className="flex items-center justify-between gap-2">
                    <span className="font-mono text-xs">{appId}</span>
                    <select
                      className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
                      value={appRoles[appId] ?? ""}
                      onChange={(e) => setAppRoles({ ...appRoles, [appId]: e.target.value })}
                    >
                      <option value="">none</option>
                      {APP_ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </label>
                ))}
              </fieldset>
              <fieldset className="space-y-1 text-sm">
                <legend className="font-medium">Deployer on environment types</legend>
                {props.envTypes.map((t) => (
                  <label key={t} className="flex items-center gap-2">
                    <input type="checkbox" name="deployer" value={t} defaultChecked={user.deployerEnvTypes.includes(t)} />
                    {t}
                  </label>
                ))}
              </fieldset>
              <div className="flex items-center gap-2 md:col-span-3">
                <Button type="submit" disabled={update.pending}>
                  Save roles
                </Button>
                {!props.isSelf ? (
                  <Button type="button" variant="danger" disabled={remove.pending} onClick={() => remove.run({ userId: user.id })}>
                    Delete user
                  </Button>
                ) : null}
                {update.error || remove.error ? (
                  <span role="alert" className="text-sm text-red-600">
                    {update.error ?? remove.error}
                  </span>
                ) : null}
              </div>
            </form>
          </td>
        </tr>
      ) : null}
    </>
  );
}
