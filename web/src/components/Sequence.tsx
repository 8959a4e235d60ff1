// An activity sequence as coloured chips in order (a variant, a case): each chip names its activity, its colour
// says which activity at a glance. Long sequences show their first `max` steps and a button for the rest.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { OTHER_COLOUR, tint } from "../charts/palette";
import "./sequence.css";

export interface SequenceProps {
  activities: readonly string[];
  colours: ReadonlyMap<string, string>;
  /** steps shown before "show all" (default 40) */
  max?: number;
  label?: string;
}

export function Sequence({ activities, colours, max = 40, label }: SequenceProps) {
  const { t } = useTranslation("common");
  const [all, setAll] = useState(false);
  const shown = all ? activities : activities.slice(0, max);
  return (
    <span className="sequence">
    <span className="sequence-chips" role="list" aria-label={label}>
      {shown.map((a, i) => {
        const c = colours.get(a) ?? OTHER_COLOUR;
        return (
          <span key={i} role="listitem" className="chip" style={{ borderLeftColor: c, background: tint(c) }} title={a} data-activity={a}>
            {a}
          </span>
        );
      })}
    </span>
      {activities.length > shown.length ? (
        <button type="button" className="link" onClick={() => setAll(true)}>
          {t("showAllSteps", { n: activities.length })}
        </button>
      ) : null}
    </span>
  );
}
