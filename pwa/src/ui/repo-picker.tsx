/** Choosing a repo: the clones on the server, and the user's GitHub repos (cloned on pick). */
import { useEffect, useState } from 'preact/hooks';
import { admin, cloneAndWait, type GithubRepo, type Repo } from '../api/admin.ts';

export function RepoPicker({
  onPick,
  onClose,
}: {
  onPick: (repo: string) => void;
  onClose?: () => void;
}) {
  const [onDisk, setOnDisk] = useState<Repo[]>();
  const [github, setGithub] = useState<GithubRepo[]>([]);
  const [page, setPage] = useState(1);
  const [hasMore, setHasMore] = useState(false);
  const [q, setQ] = useState('');
  const [note, setNote] = useState<string>();
  const [cloning, setCloning] = useState<string>();

  useEffect(() => {
    admin.repos().then(setOnDisk, (e: Error) => setNote(e.message));
  }, []);
  useEffect(() => {
    const t = setTimeout(() => {
      admin.github(q, page).then(
        (r) => {
          setGithub(page === 1 ? r.repos : (g) => [...g, ...r.repos]);
          setHasMore(r.hasMore);
        },
        (e: Error) => setNote(`GitHub: ${e.message}`),
      );
    }, 250);
    return () => clearTimeout(t);
  }, [q, page]);

  const pick = async (repo: string, cloned: boolean) => {
    if (cloned) return onPick(repo);
    setCloning(`cloning ${repo}…`);
    try {
      await cloneAndWait(repo, (j) =>
        setCloning(`cloning ${repo}: ${j.phase}${j.percent === null ? '' : ` ${j.percent}%`}`),
      );
      onPick(repo);
    } catch (e) {
      setNote((e as Error).message);
    } finally {
      setCloning(undefined);
    }
  };
  const have = new Set(onDisk?.map((r) => r.repo));
  return (
    <div class="picker">
      <div class="row">
        <h2 class="grow">Pick a repo</h2>
        {onClose && <button onClick={onClose}>close</button>}
      </div>
      {cloning && <div class="progress">{cloning}</div>}
      {note && <div class="error">{note}</div>}
      <h3>On the server</h3>
      {onDisk === undefined ? (
        <div class="dim">loading…</div>
      ) : onDisk.length === 0 ? (
        <div class="dim">nothing cloned yet</div>
      ) : (
        <ul>
          {onDisk.map((r) => (
            <li key={r.repo}>
              <button class="repo-row" data-repo={r.repo} onClick={() => pick(r.repo, true)}>
                {r.repo} <span class="dim">{r.worktrees} chat(s)</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>GitHub</h3>
      <input
        type="search"
        placeholder="search your repos"
        value={q}
        onInput={(e) => {
          setQ(e.currentTarget.value);
          setPage(1);
        }}
      />
      <ul>
        {github.map((r) => (
          <li key={r.repo}>
            <button
              class="repo-row"
              data-repo={r.repo}
              disabled={!!cloning}
              onClick={() => pick(r.repo, have.has(r.repo))}
            >
              {r.repo} {r.private && <span class="dim">private</span>}{' '}
              {!have.has(r.repo) && <span class="dim">(clone)</span>}
            </button>
          </li>
        ))}
      </ul>
      {hasMore && <button onClick={() => setPage(page + 1)}>more</button>}
    </div>
  );
}
