// GitHub Actions workflow commands: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
// Data is escaped %, CR, LF; property values also : and , (as @actions/core's command.ts does).

/** Text as the data of a workflow command (`::error::<data>`): %, CR and LF escaped. */
export const commandData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** Text as a property value of a workflow command (`::error title=<value>::`): also : and , escaped. */
export const commandProperty = (text: string) => commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
