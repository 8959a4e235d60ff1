// A form for one filter step, generated from its type's field descriptions (fields.ts).
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AttributeInfo, FilterStep } from "../api";
import { AttributeSelect, RangeHistogramView, useAttributes, ValuePicker, type PickerSource } from "./pickers";
import {
  CONDITION_OPS,
  FormError,
  fieldsOf,
  formToStep,
  type ConditionOp,
  type ConditionValue,
  type FieldDef,
  type StepForm,
} from "./fields";

export function StepEditor({
  initial,
  onSave,
  onCancel,
  activityList,
  source,
}: {
  initial: StepForm;
  onSave: (step: FilterStep) => void;
  onCancel: () => void;
  /** id of a <datalist> of activity names, suggested in the activity fields */
  activityList?: string;
  /** where the pickers read attributes, values and histograms (none: plain text fields) */
  source?: PickerSource;
}) {
  const { t } = useTranslation("filters");
  const [form, setForm] = useState<StepForm>(initial);
  const [error, setError] = useState<FormError | null>(null);
  const base = useId();
  const attrs = useAttributes(source);
  const set = (name: string, v: StepForm["values"][string]) => setForm({ ...form, values: { ...form.values, [name]: v } });
  const levels = LEVELS[form.type] ?? (["case", "event"] as const);
  const measure = form.type === "case_duration" || form.type === "case_length" ? form.type : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    try {
      onSave(formToStep(form));
    } catch (err) {
      if (err instanceof FormError) setError(err);
      else throw err;
    }
  }

  return (
    <form className="step-editor" onSubmit={submit} data-testid="step-editor" aria-label={t(`types.${form.type}.name`)}>
      <p className="muted">{t(`types.${form.type}.help`)}</p>
      <fieldset className="inline">
        <legend>{t("action")}</legend>
        {(["retain", "remove"] as const).map((a) => (
          <label key={a}>
            <input
              type="radio"
              name={`${base}-action`}
              value={a}
              checked={form.action === a}
              onChange={() => setForm({ ...form, action: a })}
            />
            {t(`actions.${a}`)}
          </label>
        ))}
      </fieldset>
      {source && measure ? (
        <RangeHistogramView src={source} measure={measure} onPick={(min, max) => setForm({ ...form, values: { ...form.values, min, max } })} />
      ) : null}
      {fieldsOf(form.type).map((f) =>
        f.kind === "condition" ? (
          <ConditionField
            key={f.name || "condition"}
            id={`${base}-${f.name || "c"}`}
            legend={t(`fields.${f.name || "condition"}`)}
            value={form.values[f.name] as ConditionValue}
            onChange={(v) => set(f.name, v)}
            source={source}
            attributes={attrs.data ?? null}
            levels={levels}
          />
        ) : (
          <Field key={f.name} def={f} list={ACTIVITY_FIELDS.has(f.name) ? activityList : undefined} id={`${base}-${f.name}`} value={form.values[f.name]} onChange={(v) => set(f.name, v)} error={error?.field === f.name ? error : null} />
        ),
      )}
      {error ? (
        <p className="error" role="alert">
          {t(`formErrors.${error.reason}`, { field: t(`fields.${error.field || "condition"}`) })}
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" data-testid="step-save">
          {t("apply")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

const ACTIVITY_FIELDS = new Set(["activity", "source", "target", "start_activity", "end_activity"]);
/** Which attributes a condition of each filter type may name. */
const LEVELS: Record<string, readonly ("case" | "event")[]> = { case_attribute: ["case"], event_attribute: ["event"] };

function Field({
  def,
  list,
  id,
  value,
  onChange,
  error,
}: {
  def: FieldDef;
  list?: string;
  id: string;
  value: StepForm["values"][string];
  onChange: (v: StepForm["values"][string]) => void;
  error: FormError | null;
}) {
  const { t } = useTranslation("filters");
  const label = t(`fields.${def.name || "condition"}`);
  const hint = t(`kinds.${def.kind}`, { defaultValue: "" });
  const hintId = hint ? `${id}-hint` : undefined;
  const invalid = error ? true : undefined;
  if (def.kind === "boolean") {
    return (
      <label className="check">
        <input type="checkbox" id={id} checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
    );
  }
  const common = {
    id,
    "aria-describedby": hintId,
    "aria-invalid": invalid,
    required: def.required,
    "data-field": def.name,
  };
  let input;
  if (def.kind === "select") {
    input = (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {def.options!.map((o) => (
          <option key={o} value={o}>
            {t(`options.${o}`, { defaultValue: o })}
          </option>
        ))}
      </select>
    );
  } else if (def.kind === "list" || def.kind === "variants" || def.kind === "steps") {
    input = <textarea {...common} rows={def.kind === "steps" ? 6 : 3} value={String(value)} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = (
      <input
        {...common}
        type="text"
        inputMode={def.kind === "integer" || def.kind === "number" ? "decimal" : undefined}
        list={list}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {def.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {input}
      {hint ? (
        <small id={hintId} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

function ConditionField({
  id,
  legend,
  value,
  onChange,
  source,
  attributes,
  levels,
}: {
  id: string;
  legend: string;
  value: ConditionValue;
  onChange: (v: ConditionValue) => void;
  source?: PickerSource;
  attributes: AttributeInfo[] | null;
  levels: readonly ("case" | "event")[];
}) {
  const { t } = useTranslation("filters");
  const set = (patch: Partial<ConditionValue>) => onChange({ ...value, ...patch });
  const info = attributes?.find((a) => a.name === value.attribute && levels.includes(a.level));
  const ranged = info?.kind === "number" || info?.kind === "datetime";
  const picked = value.op === "in" ? value.value.split("\n").filter(Boolean) : value.value ? [value.value] : [];
  return (
    <fieldset className="condition">
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={`${id}-attr`}>{t("fields.attribute")}</label>
        <AttributeSelect
          id={`${id}-attr`}
          value={value.attribute}
          attributes={attributes}
          levels={levels}
          onChange={(attribute) => {
            const a = attributes?.find((x) => x.name === attribute);
            const op = a?.kind === "number" || a?.kind === "datetime" ? "range" : value.op === "range" ? "in" : value.op;
            onChange({ ...value, attribute, op, value: "", min: "", max: "" });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-op`}>{t("fields.operator")}</label>
        <select id={`${id}-op`} data-field="operator" value={value.op} onChange={(e) => set({ op: e.target.value as ConditionOp })}>
          {CONDITION_OPS.map((o) => (
            <option key={o} value={o}>
              {t(`ops.${o}`)}
            </option>
          ))}
        </select>
      </div>
      {source && info && (value.op === "in" || value.op === "equals") ? (
        <ValuePicker
          src={source}
          attribute={info.name}
          multiple={value.op === "in"}
          selected={picked}
          onChange={(vals) => set({ value: value.op === "in" ? vals.join("\n") : (vals[0] ?? "") })}
        />
      ) : null}
      {source && info && ranged && value.op === "range" ? (
        <RangeHistogramView src={source} attribute={info.name} onPick={(min, max) => set({ min, max })} />
      ) : null}
      {value.op === "range" ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-min`}>{t("fields.min")}</label>
            <input id={`${id}-min`} data-field="cmin" value={value.min} onChange={(e) => set({ min: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max`}>{t("fields.max")}</label>
            <input id={`${id}-max`} data-field="cmax" value={value.max} onChange={(e) => set({ max: e.target.value })} />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-val`}>{t(value.op === "in" ? "fields.values" : value.op === "regex" ? "fields.regex" : "fields.value")}</label>
          {value.op === "in" ? (
            <textarea id={`${id}-val`} data-field="value" rows={3} value={value.value} onChange={(e) => set({ value: e.target.value })} />
          ) : (
            <input id={`${id}-val`} data-field="value" value={value.value} onChange={(e) => set({ value: e.target.value })} />
          )}
        </div>
      )}
    </fieldset>
  );
}
