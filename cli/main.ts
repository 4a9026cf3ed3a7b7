/**
 * `npm run harden` and `npm start` in this repository: the `harden` command of `@eks-hardening/rules` with the
 * commands of `@eks-hardening/pulumi` and this repository's own (`start`, `docs`), run from the sources.
 */
import { main } from '@eks-hardening/rules/cli';
import { REPOSITORY_EXTENSIONS } from './extensions';

main(REPOSITORY_EXTENSIONS);
