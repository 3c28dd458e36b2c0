/**
 * Go values that are neither basic types, slices nor maps: what Sprig's date, semver and
 * certificate functions return (time.Time, *semver.Version, certificate). Each knows its Go
 * type, how fmt prints it (String, GoString), how encoding/json writes it and which methods
 * or fields a template may call on it.
 */
import type { GoFunc } from "./funcs/types";

export abstract class GoObject {
  /** reflect's type name ("time.Time", "*semver.Version"). */
  abstract readonly goType: string;
  /** reflect.Kind ("struct", "ptr"). */
  abstract readonly goKind: string;
  /** What %v and %s print (fmt.Stringer, or the struct's fields). */
  abstract toString(): string;
  /** What %#v prints. */
  abstract goString(): string;
  /** encoding/json's output; throws an Error carrying Go's message when Go fails. */
  abstract marshalJson(): string;
  /** A method or field `.name` a template may evaluate, bound to this value. */
  abstract member(name: string): GoFunc | undefined;
  /** Go's == for comparable values. */
  abstract equals(other: GoObject): boolean;
  /** Whether fmt prints it through a String method (Stringer) rather than field by field. */
  get isStringer(): boolean {
    return true;
  }
}
