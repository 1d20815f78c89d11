// The Functions host's route templates (ASP.NET Core routing, the parts HTTP starters use): literal segments
// matched case-insensitively, `{name}`, `{name?}` (optional, last), `{name:int}`-style constraints and `{*rest}`.

export interface RouteTemplate {
  readonly template: string;
  /** Per segment, lower is more specific (literal, mixed, constrained, plain, optional, catch-all), as ASP.NET ranks routes. */
  readonly precedence: number[];
  /** The route parameters of `path` (the part below /api/, without leading slash), or undefined if it does not match. */
  match(path: string): Record<string, string> | undefined;
}

const CONSTRAINTS: Record<string, string> = {
  int: "-?\\d+",
  long: "-?\\d+",
  bool: "true|false",
  alpha: "[A-Za-z]+",
  guid: "[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}",
};

export class InvalidRouteError extends Error {
  override readonly name = "InvalidRouteError";
}

export function parseRouteTemplate(template: string): RouteTemplate {
  const names: string[] = [];
  const precedence: number[] = [];
  const segments = template.replace(/^\/+|\/+$/g, "").split("/").filter((s) => s !== "");
  let pattern = "";
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const whole = /^\{(\*{1,2})?([A-Za-z_][\w]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?\}$/.exec(segment);
    if (whole) {
      const [, catchAll, name, constraint, optional] = whole;
      names.push(name!);
      precedence.push(catchAll ? 5 : optional ? 4 : constraint ? 2 : 3);
      if (catchAll) {
        if (!last) throw new InvalidRouteError(`In route '${template}', a catch-all parameter must be the last segment`);
        pattern += "(?:/(.*))?";
      } else if (optional) {
        if (!last) throw new InvalidRouteError(`In route '${template}', only the last segment may be optional`);
        pattern += `(?:/(${valuePattern(constraint)}))?`;
      } else {
        pattern += `/(${valuePattern(constraint)})`;
      }
      continue;
    }
    precedence.push(segment.includes("{") ? 1 : 0);
    pattern += `/${mixedSegment(segment, names, template)}`;
  }
  const regex = new RegExp(`^${pattern}/?$`, "i");
  return {
    template,
    precedence,
    match(path) {
      const found = regex.exec(`/${path.replace(/^\/+/, "")}`);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = found[i + 1];
        if (value !== undefined) params[name] = safeDecode(value);
      });
      return params;
    },
  };
}

/** A segment mixing literal text and parameters, e.g. `files/{name}.{ext}`. */
function mixedSegment(segment: string, names: string[], template: string): string {
  let out = "";
  let rest = segment;
  while (rest !== "") {
    const open = rest.indexOf("{");
    if (open === -1) {
      out += escape(rest);
      break;
    }
    out += escape(rest.slice(0, open));
    const close = rest.indexOf("}", open);
    const inner = close === -1 ? undefined : /^([A-Za-z_]\w*)(?::([A-Za-z]+))?$/.exec(rest.slice(open + 1, close));
    if (!inner) throw new InvalidRouteError(`Route '${template}' has a malformed parameter in '${segment}'`);
    names.push(inner[1]!);
    out += `(${inner[2] ? valuePattern(inner[2]) : "[^/]+?"})`;
    rest = rest.slice(close + 1);
  }
  return out;
}

function valuePattern(constraint: string | undefined): string {
  return (constraint && CONSTRAINTS[constraint.toLowerCase()]) || "[^/]+";
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Orders routes most specific first: by segment precedence, then more segments first. */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  for (let i = 0; i < Math.min(a.precedence.length, b.precedence.length); i++) {
    if (a.precedence[i] !== b.precedence[i]) return a.precedence[i]! - b.precedence[i]!;
  }
  return b.precedence.length - a.precedence.length;
}
