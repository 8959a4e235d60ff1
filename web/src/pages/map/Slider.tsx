// A 0-100 % range input: shows its value while dragging, commits after a pause (debounced, so the map is often
// ready when the slider is let go) and at once on release (the native "change" event), where it marks
// performance "sf-slider-release".
import { useEffect, useId, useRef, useState } from "react";

export function Slider({
  label,
  value,
  onCommit,
  testid,
  count,
  delay = 250,
}: {
  label: string;
  value: number;
  onCommit: (v: number, released: boolean) => void;
  testid: string;
  /** the number of elements at a position, shown beside the percentage */
  count?: (v: number) => string;
  delay?: number;
}) {
  const id = useId();
  const [shown, setShown] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const commit = useRef(onCommit);
  commit.current = onCommit;

  useEffect(() => setShown(value), [value]);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const release = () => {
      window.clearTimeout(timer.current);
      performance.mark("sf-slider-release");
      commit.current(Number(el.value), true);
    };
    el.addEventListener("change", release);
    return () => el.removeEventListener("change", release);
  }, []);

  return (
    <div className="slider">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="range"
        min={0}
        max={100}
        step={1}
        value={shown}
        data-testid={testid}
        aria-valuetext={count ? `${shown} % (${count(shown)})` : `${shown} %`}
        onChange={(e) => {
          const v = Number(e.target.value);
          setShown(v);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => commit.current(v, false), delay);
        }}
      />
      <output htmlFor={id} data-testid={`${testid}-count`}>
        {shown} %{count ? ` · ${count(shown)}` : ""}
      </output>
    </div>
  );
}
