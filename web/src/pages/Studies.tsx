import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { Async } from "../components/Async";

export function Studies() {
  const q = useQuery({
    queryKey: ["studies"],
    queryFn: async () => unwrap(await api.GET("/api/v1/studies", { params: { query: { limit: 200 } } })),
  });
  return (
    <>
      <h1>Studies</h1>
      <Async q={q}>
        {(page) =>
          page.items.length === 0 ? (
            <p>You are not a member of any study yet.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Studies you can open</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Title</th>
                  <th scope="col">Primary criteria</th>
                  <th scope="col">Paradigm</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/studies/${s.id}`}>{s.code}</Link>
                    </td>
                    <td>{s.title}</td>
                    <td>{s.protocol?.primaryCriteria ?? "—"}</td>
                    <td>{s.protocol?.paradigm.replaceAll("_", " ") ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </>
  );
}
