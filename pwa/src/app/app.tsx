/** The top-level view. */
export function App() {
  return <main>dancodes</main>;
}
