// Typed domain errors. Their messages are safe to show a user (no personal data, no secrets);
// the HTTP and Slack error handlers turn them into 4xx replies or private messages.

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: { field?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that does not pass validation (HTTP 400). */
export class ValidationError extends DomainError {
  constructor(message: string, details: { field?: string; message: string }[] = []) {
    super("invalid_input", message, details);
  }
}

/** Something asked for does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("not_found", message);
  }
}

/** The actor may not do this (HTTP 403, or a private Slack reply saying why). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super("forbidden", message);
  }
}

/** The action conflicts with the current state: already claimed, already closed (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}
