"use client";
import { Select } from "./input";

/** "State: Any / failed / running…": one filter of a list, "" meaning any. */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  testId,
  optionLabels = {},
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  testId?: string;
  optionLabels?: Record<string, string>;
}) {
  return (
    <label className="inline-field">
      <span>{label}</span>
      <Select value={value} aria-label={`${label} filter`} data-testid={testId} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabels[option] ?? option}
          </option>
        ))}
      </Select>
    </label>
  );
}
