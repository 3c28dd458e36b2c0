import type { Command } from "commander";
import { usageError } from "@/lib/cli/remote/errors";
import { runRemote } from "@/lib/cli/remote/command";
import { KIND_NAMES } from "./get";

/** The command tree as completion needs it: each command path → its subcommands and options. */
export function completionTree(program: Command): Map<string, { subcommands: string[]; options: string[] }> {
  const tree = new Map<string, { subcommands: string[]; options: string[] }>();
  const walk = (cmd: Command, path: string) => {
    const options = cmd.options.flatMap((o) => [o.short, o.long].filter((x): x is string => Boolean(x)));
    tree.set(path, { subcommands: cmd.commands.map((c) => c.name()).filter((n) => n !== "help"), options: [...options, "--help"] });
    for (const sub of cmd.commands) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, "");
  return tree;
}

// The kinds `get` knows, from its own table, so a new kind completes without an edit here.
const KIND_WORDS = KIND_NAMES.join(" ");

/** bash: a static table of words per command path, the longest known prefix of the line wins. */
export function bashScript(program: Command): string {
  const cases = [...completionTree(program)]
    .map(([path, { subcommands, options }]) => `    "${path}") words="${[...subcommands, ...options].join(" ")}" ;;`)
    .join("\n");
  return `# bash completion for baton — source it: eval "$(baton completion bash)"
_baton() {
  local cur path i w words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    if _baton_words "\${path:+$path }$w" >/dev/null; then path="\${path:+$path }$w"; fi
  done
  words="$(_baton_words "$path")"
  case "$path" in get|delete) [[ "$cur" != -* ]] && words="$words ${KIND_WORDS}" ;; esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  case "\${COMP_WORDS[COMP_CWORD-1]}" in -f|--file|-d|--dir|--definitions|--values|-t|--template|--data|--spec) COMPREPLY=($(compgen -f -- "$cur")) ;; esac
}
_baton_words() {
  local words
  case "$1" in
${cases}
    *) return 1 ;;
  esac
  echo "$words"
}
complete -o default -F _baton baton
`;
}

/** zsh: the bash function through bashcompinit (one table, two shells). */
export function zshScript(program: Command): string {
  return `# zsh completion for baton — source it: source <(baton completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(program).split("\n").slice(1).join("\n")}`;
}

export function register(program: Command): void {
  program
    .command("completion")
    .description("Print a shell completion script: baton completion bash|zsh")
    .argument("<shell>", "bash or zsh")
    .addHelpText("after", '\nbash: eval "$(baton completion bash)"   zsh: source <(baton completion zsh)')
    .action((shell: string) =>
      runRemote(async () => {
        if (shell === "bash") process.stdout.write(bashScript(program));
        else if (shell === "zsh") process.stdout.write(zshScript(program));
        else throw usageError(`completion: unknown shell "${shell}" (use bash or zsh)`);
      }),
    );
}
