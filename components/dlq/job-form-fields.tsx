"use client";
import { MAX_REQUEUE_RATE } from "@/lib/client/dlq-requeue";
import { Input } from "@/components/ui/input";

// Fields the requeue and replay dialogs share: where the messages go and how fast.

function FieldMessage({ message }: { message: string | undefined }) {
  return message ? (
    <div className="dlq-field-error" role="alert">
      {message}
    </div>
  ) : null;
}

/** A field's error from the form's error map, said next to the field. */
export function FieldError<Field extends string>({ field, errors }: { field: Field; errors: Partial<Record<Field, string>> }) {
  return <FieldMessage message={errors[field]} />;
}

export function TargetField({
  label,
  placeholder,
  value,
  error,
  testId,
  onChange,
  onBlur,
}: {
  label: string;
  placeholder: string;
  value: string;
  error: string | undefined;
  testId: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
}) {
  return (
    <label className="inline-field">
      <span>{label}</span>
      <Input
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={Boolean(error)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      <FieldMessage message={error} />
    </label>
  );
}

/** Messages per second, within the API's bounds (the server checks again). */
export function RateField({ value, error, testId, onChange }: { value: string; error: string | undefined; testId: string; onChange: (value: string) => void }) {
  return (
    <label className="inline-field">
      <span>Rate (msg/s)</span>
      <Input
        data-testid={testId}
        type="number"
        min={1}
        max={MAX_REQUEUE_RATE}
        step={1}
        value={value}
        aria-invalid={Boolean(error)}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldMessage message={error} />
    </label>
  );
}
