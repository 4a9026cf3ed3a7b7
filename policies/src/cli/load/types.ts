import type { Manifest } from '../../engine/types';

/** A problem with the input (unreadable, not UTF-8, not YAML/JSON, not a Kubernetes object). */
export interface InputError {
  /** The path as the user named it (joined with the path below a named directory); `-` for stdin. */
  readonly file: string;
  /** 1-based line, when the parser gives one. */
  readonly line?: number;
  /** 1-based column, when the parser gives one. */
  readonly column?: number;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Where a Kubernetes object was read from. */
export interface ObjectLocation {
  /** The path as the user named it (joined with the path below a named directory); `-` for stdin. */
  readonly file: string;
  /** 0-based index of the YAML document in the file (always 0 for JSON). */
  readonly documentIndex: number;
  /**
   * 0-based index in the `items` of a `List` (`kind: List`, `PodList`, …) the object came from; unset for
   * an object that is a document of its own. A list's items share the list's `documentIndex`.
   */
  readonly itemIndex?: number;
  /** 1-based line where the object starts, when known. */
  readonly line?: number;
}

/** One Kubernetes object read from the input. */
export interface LoadedObject extends ObjectLocation {
  readonly manifest: Manifest;
}

/** A file that was not checked, and why (not Kubernetes, a template): said, but not an error. */
export type InputWarning = InputError;

/** Everything read from the input: objects in input order, and every problem met on the way. */
export interface LoadResult {
  readonly objects: LoadedObject[];
  readonly errors: InputError[];
  /** Files skipped because they are recognisably not Kubernetes manifests (or are templates). */
  readonly warnings: InputWarning[];
  /** Files and directories below a named directory left out by `--exclude`. */
  readonly excluded: number;
  /** Number of files (and stdin) read, readable or not. */
  readonly files: number;
}

/** One place to read from: a file, or standard input. */
export interface InputSource {
  /** The path as the user named it (joined with the path below a named directory); `-` for stdin. */
  readonly file: string;
  /** Absolute path to read; unset for stdin. */
  readonly absolute?: string;
}
